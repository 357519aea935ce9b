module top_module (
    input      [3:0] req,
    output reg [1:0] pos,
    output           found
);
    assign found = |req;

    always @* begin
        casez (req)
            4'b1???: pos = 2'd3;
            4'b01??: pos = 2'd2;
            4'b001?: pos = 2'd1;
            default: pos = 2'd0;
        endcase
    end
endmodule
