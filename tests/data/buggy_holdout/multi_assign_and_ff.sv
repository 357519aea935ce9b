// expect: line=15 category=multiple-drivers
// Valid flag driven both continuously and from a clocked block
module valid_stage (
    input  logic       clk,
    input  logic       rst,
    input  logic       in_valid,
    input  logic [7:0] in_data,
    output logic       out_valid,
    output logic [7:0] out_data
);
    assign out_valid = in_valid;

    always_ff @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            out_data  <= '0;
        end else begin
            out_data  <= in_data;
        end
    end
endmodule
