module top_module (
    input [2:0] code,
    input en,
    output reg [7:0] y_n
);
    // Declare y_n as reg to ensure it is always assigned

    // Assign y_n based on the input code and enable
    always @(*) begin
        if (en) begin
            // Find the index of the active line
            int active_line = code[2:0];
            // Set the active line to 0 and the rest to 1
            y_n = 8'b0000_0000;
            y_n[active_line] = 1'b0;
        end else begin
            // All outputs are active low
            y_n = 8'b1111_1111;
        end
    end
endmodule
