module top_module (
    input clk,
    input reset,
    input [1:0] coin,
    input cancel,
    output [4:0] credit,
    output vend,
    output [5:0] change
);

reg [4:0] credit_reg = 0;
reg [1:0] vend_reg = 0;
reg [5:0] change_reg = 0;

always @(posedge clk) begin
    if (reset) begin
        credit_reg <= 0;
        vend_reg <= 0;
        change_reg <= 0;
    end else begin
        if (cancel) begin
            change_reg <= credit_reg + coin;
            credit_reg <= 0;
            vend_reg <= 0;
        end else begin
            credit_reg <= credit_reg + coin;
            if (credit_reg >= 20) begin
                vend_reg <= 1;
                change_reg <= credit_reg - 20;
                credit_reg <= 0;
            end
        end
    end
end

assign credit = credit_reg;
assign vend = vend_reg;
assign change = change_reg;

endmodule
