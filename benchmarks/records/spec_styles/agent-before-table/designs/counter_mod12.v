module top_module (
    input clk,
    input reset,
    input en,
    output reg [3:0] q
);

    // State variables
    reg [3:0] count;
    reg [1:0] state;

    // Initial state
    initial begin
        count = 0;
        state = 0;
    end

    // Always block for state transitions
    always @(posedge clk) begin
        if (reset) begin
            count = 0;
            state = 0;
        end else if (en) begin
            case (state)
                0: begin
                    count <= count + 1;
                    if (count == 11) begin
                        count <= 0;
                    end
                end
                1: begin
                    count <= count + 1;
                    if (count == 11) begin
                        count <= 0;
                    end
                end
                default: begin
                    count <= count;
                end
            endcase
        end else begin
            count <= count;
        end
    end

    // Output assignment
    always @(*) begin
        q = count;
    end

endmodule
