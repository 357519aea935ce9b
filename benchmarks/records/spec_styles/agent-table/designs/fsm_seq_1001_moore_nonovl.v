module top_module (
    input clk,
    input reset,
    input x,
    output reg det,
    output reg [3:0] count
);
    reg [3:0] count_reg = 0;
    reg [2:0] match_count = 0;
    reg [1:0] state = 0;

    always @(posedge clk) begin
        if (reset) begin
            count_reg <= 0;
            match_count <= 0;
            state <= 0;
        end else begin
            if (x == 1) begin
                match_count <= match_count + 1;
                if (match_count == 4) begin
                    state <= 1;
                    match_count <= 0;
                end
            end else begin
                if (state == 1) begin
                    count_reg <= count_reg + 1;
                    state <= 0;
                end
            end
        end
    end

    always_comb begin
        det = (state == 1) ? 1 : 0;
        count = count_reg;
    end
endmodule
