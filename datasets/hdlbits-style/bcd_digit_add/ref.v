module top_module (
    input  [3:0] a,
    input  [3:0] b,
    input        cin,
    output [3:0] sum,
    output       cout
);
    wire [4:0] raw = {1'b0, a} + {1'b0, b} + {4'd0, cin};

    assign cout = (raw > 5'd9);
    // Adding 6 skips the six unused codes; only the low four bits are kept.
    wire [3:0] fixed = raw[3:0] + 4'd6;
    assign sum  = cout ? fixed : raw[3:0];
endmodule
