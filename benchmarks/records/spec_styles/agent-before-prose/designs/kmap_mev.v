module top_module (
    input clk,
    input [2:0] abc,
    output reg [2:0] f
);

    // Define the Karnaugh map
    always @(posedge clk) begin
        case (abc)
            3'b000: f <= 3'b000; // f = 0 for abc = 000
            3'b001: f <= 3'b001; // f = 1 for abc = 001
            3'b010: f <= 3'b010; // f = d for abc = 010
            3'b011: f <= 3'b011; // f = ~d for abc = 011
            3'b100: f <= 3'b100; // f = 1 for abc = 100
            3'b101: f <= 3'b101; // f = d for abc = 101
            3'b110: f <= 3'b110; // f = 0 for abc = 110
            3'b111: f <= 3'b111; // f = ~d for abc = 111
            default: f <= 3'b000; // Default to 0 for invalid abc
        endcase
    end

endmodule
