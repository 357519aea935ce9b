module top_module (
    input clk,
    input reset,
    input [1:0] coin,
    input cancel,
    output reg [4:0] credit,
    output reg vend,
    output reg [5:0] change
);
    reg [5:0] value;
    wire [5:0] total = {1'b0, credit} + value;

    always @(*) begin
        case (coin)
            2'b01: value = 6'd5;
            2'b10: value = 6'd10;
            2'b11: value = 6'd25;
            default: value = 6'd0;
        endcase
    end

    always @(posedge clk) begin
        if (reset) begin
            credit <= 5'd0;
            vend <= 1'b0;
            change <= 6'd0;
        end else if (cancel) begin
            change <= total;
            credit <= 5'd0;
            vend <= 1'b0;
        end else if (total >= 6'd20) begin
            vend <= 1'b1;
            change <= total - 6'd20;
            credit <= 5'd0;
        end else begin
            credit <= total[4:0];
            vend <= 1'b0;
            change <= 6'd0;
        end
    end
endmodule
