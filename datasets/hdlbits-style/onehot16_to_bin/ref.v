module top_module (
    input      [15:0] hot,
    output reg [3:0]  index,
    output reg        valid
);
    integer k;
    reg [4:0] count;
    reg [3:0] pos;

    always @* begin
        count = 5'd0;
        pos   = 4'd0;
        for (k = 0; k < 16; k = k + 1) begin
            if (hot[k]) begin
                count = count + 5'd1;
                pos   = k[3:0];
            end
        end
        valid = (count == 5'd1);
        index = valid ? pos : 4'd0;
    end
endmodule
