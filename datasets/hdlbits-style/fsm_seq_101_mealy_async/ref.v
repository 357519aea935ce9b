module top_module (
    input clk,
    input aresetn,
    input x,
    output z
);
    localparam [1:0] S0 = 2'd0, S1 = 2'd1, S10 = 2'd2;
    reg [1:0] state;

    always @(posedge clk or negedge aresetn) begin
        if (!aresetn)
            state <= S0;
        else begin
            case (state)
                S0:      state <= x ? S1 : S0;
                S1:      state <= x ? S1 : S10;
                S10:     state <= x ? S1 : S0;
                default: state <= S0;
            endcase
        end
    end

    assign z = (state == S10) & x;
endmodule
