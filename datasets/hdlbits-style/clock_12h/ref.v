module top_module (
    input clk,
    input reset,
    input inc_sec,
    input inc_min,
    output reg pm,
    output reg [7:0] hh,
    output reg [7:0] mm,
    output reg [7:0] ss
);
    wire sec_wrap = (ss == 8'h59);
    wire min_wrap = (mm == 8'h59);
    wire min_step = inc_min | (inc_sec & sec_wrap);
    wire hour_step = min_step & min_wrap;

    function [7:0] bcd_inc60;
        input [7:0] v;
        begin
            if (v == 8'h59)
                bcd_inc60 = 8'h00;
            else if (v[3:0] == 4'd9)
                bcd_inc60 = {v[7:4] + 4'd1, 4'd0};
            else
                bcd_inc60 = {v[7:4], v[3:0] + 4'd1};
        end
    endfunction

    always @(posedge clk) begin
        if (reset) begin
            hh <= 8'h12;
            mm <= 8'h00;
            ss <= 8'h00;
            pm <= 1'b0;
        end else begin
            if (!inc_min && inc_sec)
                ss <= bcd_inc60(ss);
            if (min_step)
                mm <= bcd_inc60(mm);
            if (hour_step) begin
                if (hh == 8'h12)
                    hh <= 8'h01;
                else if (hh == 8'h09)
                    hh <= 8'h10;
                else
                    hh <= hh + 8'h01;
                if (hh == 8'h11)
                    pm <= ~pm;
            end
        end
    end
endmodule
