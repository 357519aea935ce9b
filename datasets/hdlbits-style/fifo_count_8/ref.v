module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output reg [7:0] rd_data,
    output reg rd_valid,
    output reg [3:0] count,
    output empty,
    output full,
    output almost_full
);
    reg [7:0] mem [0:7];
    reg [2:0] rp, wp;
    wire do_rd = rd_en & (count != 4'd0);
    wire do_wr = wr_en & ((count != 4'd8) | do_rd);

    assign empty = (count == 4'd0);
    assign full = (count == 4'd8);
    assign almost_full = (count >= 4'd6);

    always @(posedge clk) begin
        if (reset) begin
            rp <= 3'd0;
            wp <= 3'd0;
            count <= 4'd0;
            rd_data <= 8'h00;
            rd_valid <= 1'b0;
        end else begin
            rd_valid <= do_rd;
            if (do_rd) begin
                rd_data <= mem[rp];
                rp <= rp + 3'd1;
            end
            if (do_wr) begin
                mem[wp] <= wr_data;
                wp <= wp + 3'd1;
            end
            count <= count + {3'd0, do_wr} - {3'd0, do_rd};
        end
    end
endmodule
