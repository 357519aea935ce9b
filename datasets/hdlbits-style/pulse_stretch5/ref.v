module top_module (
    input clk,
    input reset,
    input trig,
    output busy
);
    reg [2:0] left;

    always @(posedge clk) begin
        if (reset)
            left <= 3'd0;
        else if (trig)
            left <= 3'd5;
        else if (left != 3'd0)
            left <= left - 3'd1;
    end

    assign busy = (left != 3'd0);
endmodule
