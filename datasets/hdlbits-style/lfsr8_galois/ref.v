module top_module (
    input clk,
    input reset,
    input seed_load,
    input [7:0] seed,
    input en,
    output reg [7:0] q,
    output out_bit
);
    always @(posedge clk) begin
        if (reset)
            q <= 8'h01;
        else if (seed_load)
            q <= seed;
        else if (en)
            q <= {1'b0, q[7:1]} ^ (q[0] ? 8'hB8 : 8'h00);
    end

    assign out_bit = q[0];
endmodule
