module top_module (
    input clk,
    input reset,
    input [1:0] coin,
    input [1:0] push,
    output reg locked,
    output reg alarm,
    output reg refund
);
    always @(posedge clk) begin
        if (!reset) begin
            alarm <= 1'b0;
            refund <= 1'b0;
        end else begin
            case (locked)
                1'b1: begin
                    alarm <= 1'b0;
                    refund <= 1'b0;
                end
                1'b0: begin
                    alarm <= 1'b0;
                    refund <= 1'b0;
                end
            endcase
        end
    end
endmodule
