// expect: line=11 category=procedural-assign-to-wire
// Edge detector with an output left as a wire
module edge_det (
    input  wire clk,
    input  wire sig,
    output wire rise
);
    reg sig_d;
    always @(posedge clk) begin
        sig_d <= sig;
        rise  <= sig & ~sig_d;
    end
endmodule
