module top_module (
    input  [2:0]  tag,
    input  [9:0]  payload,
    output [15:0] frame,
    output [7:0]  head
);
    assign frame = {2'b10, tag, payload, 1'b1};
    assign head  = frame[15:8];
endmodule
