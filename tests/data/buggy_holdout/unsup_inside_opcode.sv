// expect: line=8 category=unsupported-by-simulator
// Opcode classifier using the set-membership operator
module op_class (
    input  logic [6:0] opcode,
    output logic       is_branch,
    output logic       is_load
);
    assign is_branch = opcode inside {7'b1100011, 7'b1101111, 7'b1100111};
    assign is_load   = (opcode == 7'b0000011);
endmodule
