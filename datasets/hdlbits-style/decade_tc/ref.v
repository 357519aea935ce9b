module top_module (
    input clk,
    input areset,
    input en,
    output reg [3:0] q,
    output tc
);
    always @(posedge clk or posedge areset) begin
        if (areset)
            q <= 4'd0;
        else if (en)
            q <= (q == 4'd9) ? 4'd0 : q + 4'd1;
    end

    assign tc = en & (q == 4'd9);
endmodule
