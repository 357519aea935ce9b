// Push-button debouncer with a two-flop synchronizer
module debounce #(
    parameter int N = 4
) (
    input  logic clk,
    input  logic rst_n,
    input  logic btn,
    output logic btn_clean
);
    logic [1:0]   sync;
    logic [N-1:0] cnt;

    always_ff @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            sync      <= 2'b00;
            cnt       <= '0;
            btn_clean <= 1'b0;
        end else begin
            sync <= {sync[0], btn};
            if (sync[1] == btn_clean) begin
                cnt <= '0;
            end else if (&cnt) begin
                btn_clean <= sync[1];
                cnt       <= '0;
            end else begin
                cnt <= cnt + 1'b1;
            end
        end
    end
endmodule
