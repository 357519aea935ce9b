module top_module (
    input clk,
    input [1:0] p,
    input [1:0] q,
    output reg [1:0] y_and,
    output reg [1:0] y_nor,
    output reg [1:0] y_xnor,
    output reg [1:0] y_inhibit,
    output reg [1:0] y_imply
);

always @(posedge clk) begin
    y_and <= p & q;
    y_nor <= p ^ q; // Changed y_nor from ~p & ~q to p ^ q
    y_xnor <= p ^ q; // Changed y_xnor from p ^ q to p ^ q
    y_inhibit <= p ^ q; // Changed y_inhibit from p & ~q to p ^ q
    y_imply <= p ^ q; // Changed y_imply from ~p | q to p ^ q
end

endmodule
