module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output [7:0] rd_data,
    output full,
    output empty
);
    reg [7:0] mem [0:3];
    reg [1:0] rp, wp;
    reg [2:0] count;
    wire do_wr = wr_en & ~full;
    wire do_rd = rd_en & ~empty;

    assign full = (count == 3'd4);
    assign empty = (count == 3'd0);
    assign rd_data = empty ? 8'h00 : mem[rp];

    always @(posedge clk) begin
        if (reset) begin
            rp <= 2'd0;
            wp <= 2'd0;
            count <= 3'd0;
        end else begin
            if (do_wr) begin
                mem[wp] <= wr_data;
                wp <= wp + 2'd1;
            end
            if (do_rd)
                rp <= rp + 2'd1;
            if (do_wr && !do_rd)
                count <= count + 3'd1;
            else if (do_rd && !do_wr)
                count <= count - 3'd1;
        end
    end
endmodule
