module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] d,
    input clear,
    output reg [15:0] acc,
    output reg acc_valid
);
    reg v1, c1;
    reg [7:0] d1;

    always @(posedge clk) begin
        if (reset) begin
            v1 <= 1'b0; c1 <= 1'b0; d1 <= 8'd0;
            acc <= 16'd0; acc_valid <= 1'b0;
        end else begin
            v1 <= in_valid; c1 <= clear; d1 <= d;
            acc_valid <= v1;
            if (c1)
                acc <= v1 ? {8'd0, d1} : 16'd0;
            else if (v1)
                acc <= acc + {8'd0, d1};
        end
    end
endmodule
