// Overlapping "1011" sequence detector (Mealy)
module seq_detect_1011 (
    input  logic clk,
    input  logic rst,
    input  logic din,
    output logic hit
);
    typedef enum logic [1:0] {S0, S1, S10, S101} state_t;
    state_t state, next;

    always_ff @(posedge clk) begin
        if (rst) state <= S0;
        else     state <= next;
    end

    always_comb begin
        next = state;
        hit  = 1'b0;
        case (state)
            S0:   if (din) next = S1;
            S1:   if (!din) next = S10;
            S10:  if (din) next = S101;
                  else     next = S0;
            S101: begin
                if (din) begin
                    next = S1;
                    hit  = 1'b1;
                end else begin
                    next = S10;
                end
            end
            default: next = S0;
        endcase
    end
endmodule
