module top_module (
    input clk,
    input reset,
    input [1:0] coin,
    input cancel,
    output reg [4:0] credit,
    output reg vend,
    output reg [5:0] change
);

always @(posedge clk) begin
    if (reset) begin
        credit <= 0;
        vend <= 0;
        change <= 0;
    end else begin
        if (cancel) begin
            change <= credit + coin;
            credit <= 0;
            vend <= 0;
        end else begin
            credit <= credit + coin;
            if (credit >= 20) begin
                vend <= 1;
                change <= credit - 20;
                credit <= 0;
            end
        end
    end
end

endmodule
