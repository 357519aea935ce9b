module top_module (
    input clk,
    input reset,
    input w,
    output reg [5:0] state,
    output [5:0] next_state,
    output z
);
    // bit: 0=A 1=B 2=C 3=D 4=E 5=F
    assign next_state[0] = w & (state[0] | state[3]);
    assign next_state[1] = ~w & state[0];
    assign next_state[2] = ~w & (state[1] | state[5]);
    assign next_state[3] = w & (state[1] | state[2] | state[4] | state[5]);
    assign next_state[4] = ~w & (state[2] | state[4]);
    assign next_state[5] = ~w & state[3];

    always @(posedge clk) begin
        if (reset)
            state <= 6'b000001;
        else
            state <= next_state;
    end

    assign z = state[4] | state[5];
endmodule
