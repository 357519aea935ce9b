module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] x,
    output reg [9:0] sum,
    output [7:0] avg,
    output reg out_valid
);
    reg [7:0] w0, w1, w2, w3;

    always @(posedge clk) begin
        if (reset) begin
            w0 <= 8'd0; w1 <= 8'd0; w2 <= 8'd0; w3 <= 8'd0;
            sum <= 10'd0;
            out_valid <= 1'b0;
        end else begin
            out_valid <= in_valid;
            if (in_valid) begin
                w0 <= x; w1 <= w0; w2 <= w1; w3 <= w2;
                sum <= sum + {2'b00, x} - {2'b00, w3};
            end
        end
    end

    assign avg = sum[9:2];
endmodule
