// expect: line=13 category=assign-to-input
// Single-entry buffer whose ready was declared with the wrong direction
module skid1 (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    input  wire       in_ready,
    input  wire [7:0] in_data,
    output reg        out_valid,
    output reg  [7:0] out_data,
    input  wire       out_ready
);
    assign in_ready = !out_valid || out_ready;

    always @(posedge clk) begin
        if (rst)
            out_valid <= 1'b0;
        else if (in_valid && (!out_valid || out_ready)) begin
            out_valid <= 1'b1;
            out_data  <= in_data;
        end else if (out_ready)
            out_valid <= 1'b0;
    end
endmodule
