module top_module (
    input clk,
    input reset,
    input push,
    input pop,
    input [7:0] din,
    output [7:0] top,
    output reg [2:0] depth,
    output empty,
    output full
);
    reg [7:0] mem [0:3];
    wire [1:0] top_idx = depth[1:0] - 2'd1;

    assign empty = (depth == 3'd0);
    assign full = (depth == 3'd4);
    assign top = empty ? 8'h00 : mem[top_idx];

    always @(posedge clk) begin
        if (reset) begin
            depth <= 3'd0;
        end else if (push && pop) begin
            if (empty) begin
                mem[0] <= din;
                depth <= 3'd1;
            end else
                mem[top_idx] <= din;
        end else if (push) begin
            if (!full) begin
                mem[depth[1:0]] <= din;
                depth <= depth + 3'd1;
            end
        end else if (pop) begin
            if (!empty)
                depth <= depth - 3'd1;
        end
    end
endmodule
