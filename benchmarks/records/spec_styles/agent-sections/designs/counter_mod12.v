module top_module (
    input clk,
    input reset,
    input en,
    output [3:0] q
);
    reg [3:0] count;
    always @(posedge clk) begin
        if (reset) begin
            count <= 4'b0000;
        end else if (en) begin
            count <= count + 1'b1;
            if (count == 4'b1111) begin
                count <= 4'b0000;
            end
        end
    end
    assign q = count;
endmodule
