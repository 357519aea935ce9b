// expect: line=14 category=syntax
// 8-bit up counter with synchronous clear and enable
module up_counter (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       clr,
    input  wire       en,
    output reg  [7:0] count
);
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            count <= 8'd0;
        else if (clr)
            count <= 8'd0
        else if (en)
            count <= count + 8'd1;
    end
endmodule
