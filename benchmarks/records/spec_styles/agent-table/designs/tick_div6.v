module top_module (
    input clk,
    input reset,
    input run,
    output reg tick
);
    reg [1:0] phase;
    reg [1:0] tick_reg;
    always @(posedge clk) begin
        if (reset) phase <= 2'b00;
        else if (run) begin
            phase <= phase + 2'b01;
            if (phase == 2'b11) phase <= 2'b00;
        end else begin
            phase <= phase;
        end
        tick_reg <= phase == 2'b11 && run;
        tick <= tick_reg;
    end
endmodule
