module top_module (
    input  [15:0] a,
    input  [15:0] b,
    output reg [4:0] distance,
    output       same
);
    wire [15:0] diff = a ^ b;
    integer i;

    always @* begin
        distance = 5'd0;
        for (i = 0; i < 16; i = i + 1)
            distance = distance + {4'd0, diff[i]};
    end

    assign same = (diff == 16'd0);
endmodule
