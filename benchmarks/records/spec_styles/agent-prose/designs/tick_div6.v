module top_module (
    input clk,
    input reset,
    input run,
    output reg tick
);

    // Phase counter
    reg [4:0] phase;

    // Enable pulse

    // Initial phase
    always @(posedge clk) begin
        if (reset) phase <= 0;
        else if (run) phase <= phase + 1;
        else phase <= phase;
    end

    // Enable pulse generation
    always @(posedge clk) begin
        if (phase == 5 && run) tick <= 1;
        else tick <= 0;
    end

endmodule
