module top_module (
    input clk,
    input reset,
    input cs_n,
    input sck_rise,
    input mosi,
    output reg [7:0] rx_byte,
    output reg rx_valid
);
    reg [2:0] n;
    reg [6:0] sh;

    always @(posedge clk) begin
        if (reset) begin
            n <= 3'd0;
            sh <= 7'd0;
            rx_byte <= 8'h00;
            rx_valid <= 1'b0;
        end else begin
            rx_valid <= 1'b0;
            if (cs_n)
                n <= 3'd0;
            else if (sck_rise) begin
                sh <= {sh[5:0], mosi};
                if (n == 3'd7) begin
                    rx_byte <= {sh, mosi};
                    rx_valid <= 1'b1;
                    n <= 3'd0;
                end else
                    n <= n + 3'd1;
            end
        end
    end
endmodule
