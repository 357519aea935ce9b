// Two-stage pipelined multiply-accumulate with valid tracking
module pipe_mac (
    input  logic              clk,
    input  logic              rst,
    input  logic              in_valid,
    input  logic signed [7:0] a,
    input  logic signed [7:0] b,
    input  logic              clear,
    output logic signed [19:0] acc,
    output logic              out_valid
);
    logic signed [15:0] prod;
    logic               prod_valid;

    always_ff @(posedge clk) begin
        if (rst) begin
            prod       <= '0;
            prod_valid <= 1'b0;
            acc        <= '0;
            out_valid  <= 1'b0;
        end else begin
            prod       <= a * b;
            prod_valid <= in_valid;
            out_valid  <= prod_valid;
            if (clear)
                acc <= '0;
            else if (prod_valid)
                acc <= acc + 20'(prod);
        end
    end
endmodule
