module top_module (
    input clk,
    input reset,
    input en,
    input dir,
    output reg [7:0] q
);
    always @(posedge clk) begin
        if (reset)
            q <= 8'b0000_0001;
        else if (en)
            q <= dir ? {q[0], q[7:1]} : {q[6:0], q[7]};
    end
endmodule
