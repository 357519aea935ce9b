module top_module (
    input clk,
    input reset,
    input x,
    output hit
);
    localparam [1:0] A = 2'd0, B = 2'd1, C = 2'd2, D = 2'd3;   // "", "0", "01", "011"
    reg [1:0] state;
    reg [1:0] next;

    always @(*) begin
        case (state)
            A: next = x ? A : B;
            B: next = x ? C : B;
            C: next = x ? D : B;
            default: next = A;   // D: either a hit (restart) or "0111" (no prefix)
        endcase
    end

    always @(posedge clk) begin
        if (reset)
            state <= A;
        else
            state <= next;
    end

    assign hit = (state == D) & ~x;
endmodule
