// expect: line=15 category=syntax
// Two-requester round-robin arbiter
module rr_arbiter (
    input  logic       clk,
    input  logic       rst,
    input  logic [1:0] req,
    output logic [1:0] gnt
);
    logic last;

    always_ff @(posedge clk) begin
        if (rst) begin
            gnt  <= 2'b00;
            last <= 1'b0;
        end else if ((req[0] && (!req[1] || last) begin
            gnt  <= 2'b01;
            last <= 1'b0;
        end else if (req[1]) begin
            gnt  <= 2'b10;
            last <= 1'b1;
        end else begin
            gnt  <= 2'b00;
        end
    end
endmodule
