module top_module (
    input clk,
    input reset,
    input load,
    input [31:0] d,
    input en,
    output reg [31:0] q
);
    wire fb = q[31] ^ q[30] ^ q[29] ^ q[9];

    always @(posedge clk) begin
        if (reset)
            q <= 32'h0000_0001;
        else if (load)
            q <= d;
        else if (en)
            q <= {q[30:0], fb};
    end
endmodule
