module top_module (
    input clk,
    input reset,
    input en,
    output [3:0] q
);

    // Initial state
    reg [3:0] count = 4'b0000;

    // Always block for counting
    always @(posedge clk) begin
        if (reset) begin
            count <= 4'b0000;
        end else if (en) begin
            count <= count + 1'b1;
            // Wrap around if count reaches 11
            if (count == 4'b1111) begin
                count <= 4'b0000;
            end
        end
    end

    // Assign the current count to the output
    assign q = count;

endmodule
