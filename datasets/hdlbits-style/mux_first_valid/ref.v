module top_module (
    input      [3:0] valid,
    input      [7:0] d0,
    input      [7:0] d1,
    input      [7:0] d2,
    input      [7:0] d3,
    output           any,
    output reg [1:0] idx,
    output reg [7:0] out
);
    assign any = |valid;

    always @* begin
        if (valid[0]) begin
            idx = 2'd0;
            out = d0;
        end else if (valid[1]) begin
            idx = 2'd1;
            out = d1;
        end else if (valid[2]) begin
            idx = 2'd2;
            out = d2;
        end else if (valid[3]) begin
            idx = 2'd3;
            out = d3;
        end else begin
            idx = 2'd0;
            out = 8'd0;
        end
    end
endmodule
