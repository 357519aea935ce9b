module top_module (
    input      clk,
    input      arst,
    input      t,
    output reg q,
    output     q_n
);
    always @(posedge clk or posedge arst) begin
        if (arst)
            q <= 1'b0;
        else if (t)
            q <= ~q;
    end

    assign q_n = ~q;
endmodule
