module top_module (
    input      [15:0] x,
    output reg [4:0]  count,
    output            zero
);
    integer k;
    reg seen;

    assign zero = (x == 16'd0);

    always @* begin
        count = 5'd0;
        seen  = 1'b0;
        for (k = 15; k >= 0; k = k - 1) begin
            if (x[k])
                seen = 1'b1;
            else if (!seen)
                count = count + 5'd1;
        end
    end
endmodule
