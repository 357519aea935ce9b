// expect: line=21 category=port-mismatch
// Event counter instantiated without its reset
module evt_counter (
    input  logic       clk,
    input  logic       rst,
    input  logic       evt,
    output logic [3:0] cnt
);
    always_ff @(posedge clk) begin
        if (rst)      cnt <= '0;
        else if (evt) cnt <= cnt + 4'd1;
    end
endmodule

module evt_top (
    input  logic       clk,
    input  logic       rst,
    input  logic       pulse,
    output logic [3:0] count
);
    evt_counter u_cnt (
        .clk(clk),
        .evt(pulse),
        .cnt(count)
    );
endmodule
