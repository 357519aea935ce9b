// expect: line=14 category=blocking-in-sequential
// Modulo-10 counter using blocking assignment in always_ff
module mod10 (
    input  logic       clk,
    input  logic       rst,
    output logic [3:0] digit,
    output logic       wrap
);
    always_ff @(posedge clk) begin
        if (rst) begin
            digit <= 4'd0;
            wrap  <= 1'b0;
        end else if (digit == 4'd9) begin
            digit = 4'd0;
            wrap  <= 1'b1;
        end else begin
            digit <= digit + 4'd1;
            wrap  <= 1'b0;
        end
    end
endmodule
