module top_module (
    input clk,
    input reset,
    input load,
    input en,
    input [1:0] amt,
    input [15:0] d,
    output reg [15:0] q
);
    always @(posedge clk) begin
        if (reset)
            q <= 16'h0000;
        else if (load)
            q <= d;
        else if (en) begin
            case (amt)
                2'b00: q <= {q[14:0], 1'b0};
                2'b01: q <= {q[11:0], 4'b0000};
                2'b10: q <= {q[15], q[15:1]};
                default: q <= {{4{q[15]}}, q[15:4]};
            endcase
        end
    end
endmodule
