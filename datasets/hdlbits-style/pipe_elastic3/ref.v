module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_data,
    output in_ready,
    output out_valid,
    output [7:0] out_data,
    input out_ready
);
    reg v1, v2, v3;
    reg [7:0] d1, d2, d3;
    wire ready3 = ~v3 | out_ready;
    wire ready2 = ~v2 | ready3;
    wire ready1 = ~v1 | ready2;

    assign in_ready = ready1;
    assign out_valid = v3;
    assign out_data = d3;

    always @(posedge clk) begin
        if (reset) begin
            v1 <= 1'b0; v2 <= 1'b0; v3 <= 1'b0;
            d1 <= 8'd0; d2 <= 8'd0; d3 <= 8'd0;
        end else begin
            if (ready3) begin
                v3 <= v2;
                d3 <= {d2[6:0], d2[7]};
            end
            if (ready2) begin
                v2 <= v1;
                d2 <= d1 ^ 8'h5A;
            end
            if (ready1) begin
                v1 <= in_valid;
                d1 <= in_data + 8'd1;
            end
        end
    end
endmodule
