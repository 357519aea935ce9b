module top_module (
    input clk,
    input reset,
    input en,
    input sin,
    output reg [7:0] q,
    output sout
);
    always @(posedge clk) begin
        if (reset)
            q <= 8'h00;
        else if (en)
            q <= {q[6:0], sin};
    end

    assign sout = q[7];
endmodule
