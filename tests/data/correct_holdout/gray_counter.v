// 4-bit Gray-code counter with binary output
module gray_counter (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       en,
    output wire [3:0] gray,
    output wire [3:0] bin
);
    reg [3:0] bin_q;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            bin_q <= 4'd0;
        else if (en)
            bin_q <= bin_q + 4'd1;
    end

    assign bin  = bin_q;
    assign gray = bin_q ^ (bin_q >> 1);
endmodule
