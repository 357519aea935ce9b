module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output reg locked,
    output reg alarm,
    output reg refund
);
    always @(posedge clk) begin
        if (!reset) begin
            locked <= 1'b0;
            alarm <= 1'b0;
            refund <= 1'b0;
        end else begin
            case (locked)
                1'b0: begin
                    alarm <= 1'b0;
                    refund <= 1'b0;
                end
                1'b1: begin
                    alarm <= 1'b1;
                    refund <= 1'b0;
                end
            endcase
        end
    end
endmodule
