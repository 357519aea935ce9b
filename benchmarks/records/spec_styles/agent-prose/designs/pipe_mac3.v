module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] a,
    input [7:0] b,
    input [15:0] c,
    output [16:0] y,
    output out_valid
);

    reg a1, b1, c1, v1;
    reg p2, c2, v2;
    reg out_valid_reg;

    always @(posedge clk) begin
        if (reset) begin
            a1 <= 0;
            b1 <= 0;
            c1 <= 0;
            v1 <= 0;
            p2 <= 0;
            c2 <= 0;
            v2 <= 0;
            out_valid_reg <= 0;
        end else begin
            a1 <= a;
            b1 <= b;
            c1 <= c;
            v1 <= in_valid;

            if (v1) begin
                p2 <= a1 * b1;
                c2 <= c1;
                v2 <= v1;
            end else begin
                p2 <= 0;
                c2 <= 0;
                v2 <= 0;
            end

            out_valid_reg <= v2;
        end
    end

    assign y = p2 + c2;
    assign out_valid = out_valid_reg;

endmodule
