module top_module (
    input clk,
    input reset,
    input noisy,
    output reg level,
    output reg rose
);
    reg [1:0] cnt;

    always @(posedge clk) begin
        if (reset) begin
            level <= 1'b0;
            cnt <= 2'd0;
            rose <= 1'b0;
        end else begin
            rose <= 1'b0;
            if (noisy == level)
                cnt <= 2'd0;
            else if (cnt != 2'd3)
                cnt <= cnt + 2'd1;
            else begin
                level <= noisy;
                cnt <= 2'd0;
                rose <= noisy;
            end
        end
    end
endmodule
