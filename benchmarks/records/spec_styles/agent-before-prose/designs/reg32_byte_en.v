module top_module (
    input clk,
    input areset_n,
    input [3:0] be,
    input [31:0] wdata,
    output reg [31:0] q
);

    // Initial state
    reg [31:0] initial_state = 32'h0000_0000;

    // Register state
    reg [31:0] register_state;

    // Always block for clocked state
    always @(posedge clk) begin
        if (!areset_n) begin
            register_state <= initial_state;
        end else begin
            register_state <= register_state | (be & wdata);
        end
    end

    // Assign block for output
    assign q = register_state;

endmodule
