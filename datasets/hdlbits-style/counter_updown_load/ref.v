module top_module (
    input clk,
    input reset,
    input load,
    input [7:0] d,
    input en,
    input up,
    output reg [7:0] q,
    output zero
);
    always @(posedge clk) begin
        if (reset)
            q <= 8'h00;
        else if (load)
            q <= d;
        else if (en)
            q <= up ? q + 8'd1 : q - 8'd1;
    end

    assign zero = (q == 8'h00);
endmodule
